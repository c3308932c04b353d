import { z } from 'zod';

/** `GET /links`: the links this paylens serves; one is the default. */
export const linksResponseSchema = z.object({
  links: z.array(
    z.object({ name: z.string(), title: z.string(), steps: z.number().int(), default: z.boolean() }),
  ),
});

export type LinkSummary = z.output<typeof linksResponseSchema>['links'][number];
