import { z } from 'zod';

// zod compiles object parsers with `new Function` after probing whether eval is allowed; under the
// server's Content-Security-Policy (script-src 'self') that probe alone reports a violation. The
// interpreted parsers are fast enough for API responses of this size.
z.config({ jitless: true });
