import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LINK_FILE } from './link/load-link.ts';

const MiB = 1024 * 1024;

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const optionalToken = z
  .string()
  .min(16, 'tokens must be at least 16 characters')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** Every setting, from environment variables; the README's configuration table mirrors this. */
const envSchema = z.object({
  PAYLENS_HOST: z.string().default('127.0.0.1'),
  PAYLENS_PORT: port.default(8080),
  PAYLENS_OTLP_PORT: port.default(4318),
  PAYLENS_DATA_DIR: z.string().default('./data'),
  PAYLENS_LINK: z.string().default(DEFAULT_LINK_FILE),
  PAYLENS_RETENTION_DAYS: positiveInt.optional(),
  PAYLENS_SPOOL_DIR: z.string().optional(),
  PAYLENS_SPOOL_MAX_BYTES: positiveInt.default(1024 * MiB),
  PAYLENS_SEGMENT_MAX_BYTES: positiveInt.default(16 * MiB),
  PAYLENS_SEGMENT_MAX_AGE_MS: positiveInt.default(1000),
  PAYLENS_MAX_BODY_BYTES: positiveInt.default(16 * MiB),
  PAYLENS_MAX_DECOMPRESSED_BYTES: positiveInt.default(64 * MiB),
  PAYLENS_MAX_IN_FLIGHT: positiveInt.default(8),
  PAYLENS_TOKEN: optionalToken,
  PAYLENS_API_TOKEN: optionalToken,
  PAYLENS_ADMIN_TOKEN: optionalToken,
  PAYLENS_PUBLIC_URL: z.string().url().optional(),
  PAYLENS_ALERT_INTERVAL: z.string().default('30s'),
  /** Alert evaluation and webhook delivery in this server process (one process when scaled out). */
  PAYLENS_ALERTING: z.enum(['on', 'off']).default('on'),
  PAYLENS_INGEST_RATE: z.coerce.number().nonnegative().default(2000),
  PAYLENS_API_RATE: z.coerce.number().nonnegative().default(100),
  PAYLENS_REDACT: z.enum(['on', 'off']).default('on'),
  /** Extra attribute keys (globs, comma-separated) masked whole at ingest, beside the defaults. */
  PAYLENS_REDACT_KEYS: z.string().default(''),
  PAYLENS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: pretty lines on a terminal, JSON otherwise. */
  PAYLENS_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export type PaylensEnv = z.infer<typeof envSchema>;

export interface PaylensConfig {
  env: PaylensEnv;
  host: string;
  apiPort: number;
  otlpPort: number;
  spoolDir: string;
  linkFile: string;
  publicUrl: string;
  cluster?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv, cluster?: string): PaylensConfig {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  return {
    env,
    host: env.PAYLENS_HOST,
    apiPort: env.PAYLENS_PORT,
    otlpPort: env.PAYLENS_OTLP_PORT,
    spoolDir: env.PAYLENS_SPOOL_DIR ?? join(env.PAYLENS_DATA_DIR, 'spool'),
    linkFile: env.PAYLENS_LINK,
    publicUrl: env.PAYLENS_PUBLIC_URL ?? `http://${env.PAYLENS_HOST}:${env.PAYLENS_PORT}`,
    cluster,
  };
}
