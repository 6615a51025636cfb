import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    APP_URL: optionalText.pipe(z.url().optional()),
    DATA_DIR: z.string().default(".data"),
    DATABASE_URL: optionalText,
    MIGRATION_DATABASE_URL: optionalText,
    /** A direct or session-mode connection for LISTEN, when DATABASE_URL is a transaction-mode pooler. */
    LISTEN_DATABASE_URL: optionalText,
    /**
     * A read replica of DATABASE_URL, as the app role: the public API's reads (/api/v1, open data) go there, and
     * to DATABASE_URL when it cannot be reached. Everything that writes, or must read what was just written, stays
     * on DATABASE_URL.
     */
    READ_DATABASE_URL: optionalText,
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Requests at work on the database at once (default twice DB_POOL_MAX); the rest queue for a turn. */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).optional(),
    SEED_DEMO: booleanFlag,
    TRUST_PROXY: optionalText,
    SESSION_SECRET: optionalText.pipe(
      z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    ),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
    LOG_LEVEL: z.enum(["silent", "error", "info"]).default("info"),
    /**
     * Map tiles for every map ({z}/{x}/{y}, optionally {s}); the CSP allows its origin. `off`: no tiles, the
     * maps show their markers on a plain background (and make no request to a tile server).
     */
    MAP_TILE_URL: z
      .string()
      .trim()
      .regex(
        /^(?:https?:\/\/[^\s/]+\/\S*\{z\}\S*|off)$/,
        "MAP_TILE_URL must be an http(s) tile URL with {z}, {x} and {y}, or off",
      )
      .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    /**
     * Whether a source cited on a needs statement has its link checked alive when saved (a HEAD request from
     * the server). `off`: for deployments without outbound network; links are then only checked for http(s).
     */
    SOURCE_LINK_CHECK: z.enum(["on", "off"]).default("on"),
    /** The credit the tiles' licence asks for, shown on every map with tiles (plain text). */
    MAP_ATTRIBUTION: z.string().trim().max(300).default("© OpenStreetMap contributors"),
    // Identity and email: see docs/signing-in.md.
    ADMIN_EMAIL: optionalText.pipe(z.email("ADMIN_EMAIL must be an email address").optional()),
    SMTP_URL: optionalText.pipe(z.url("SMTP_URL must be a URL such as smtp://user:pass@host:587").optional()),
    MAIL_FROM: z.string().trim().min(3).default("Groundswell <no-reply@groundswell.invalid>"),
    MAIL_CAPTURE_DIR: optionalText,
    DEV_MAILBOX: booleanFlag,
    SUPABASE_URL: optionalText.pipe(
      z.url("SUPABASE_URL must be the project URL, https://<ref>.supabase.co").optional(),
    ),
    SUPABASE_ANON_KEY: optionalText,
    RATE_LIMIT_CODE_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(5),
    RATE_LIMIT_CODE_REQUESTS_PER_HOUR_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
    RATE_LIMIT_INVITATIONS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(50),
    /** Requests one address may make to the read-only JSON API (/api/v1) per minute (× RATE_LIMIT_SCALE). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    /** The licence open-data exports are published under: an SPDX identifier from the list. */
    OPEN_DATA_LICENCE: z.enum(["OGL-UK-3.0", "CC-BY-4.0", "CC0-1.0", "ODbL-1.0"]).default("OGL-UK-3.0"),
    /** Months after a consultation is reported when its contact emails, photos and drafts are erased. */
    RETENTION_MONTHS_AFTER_REPORT: z.coerce.number().int().min(0).max(1_200).default(12),
    /** How often each instance runs the retention job, in minutes. */
    RETENTION_CHECK_MINUTES: z.coerce.number().min(0.01).max(10_080).default(60),
    /**
     * Seconds the home page and consultation pages are kept rendered for visitors without a session (0: never).
     * Changes empty the cache at once (LISTEN on the database connection); this bounds what no change announces.
     */
    PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(3_600).default(15),
    /**
     * Processes that embed needs in the background (at low priority); unset: one per core, at most two. Each
     * embeds about 40 needs a second here and holds about 300 MB. 0: this instance leaves it to another.
     */
    MEANING_PROCESSES: z.coerce.number().int().min(0).max(8).optional(),
    /**
     * `off`: this instance (a web instance behind the load balancer) only queues background work (imports, grouping
     * runs, embedding needs, emails); instances with `on` (the default) look for queued work every few seconds and
     * do it. Small imports and grouping runs still run within the request that starts them.
     */
    JOBS: z.enum(["on", "off"], { message: "JOBS must be on or off" }).default("on"),
    /** Multiplies every rate limit: the browser tests sign in many times from one address. */
    RATE_LIMIT_SCALE: z.coerce.number().min(0.01).max(10_000).default(1),
  })
  .superRefine((env, context) => {
    if (env.READ_DATABASE_URL && !env.DATABASE_URL) {
      context.addIssue({
        code: "custom",
        path: ["READ_DATABASE_URL"],
        message: "READ_DATABASE_URL is a replica of DATABASE_URL: set DATABASE_URL too",
      });
    }
    if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_ANON_KEY)) {
      context.addIssue({
        code: "custom",
        path: [env.SUPABASE_URL ? "SUPABASE_ANON_KEY" : "SUPABASE_URL"],
        message: "SUPABASE_URL and SUPABASE_ANON_KEY must be set together (or neither, for built-in sign-in)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Reads and checks the environment once; a bad value stops start-up with a message naming it. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`The environment is not valid:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

/** The origin the Content-Security-Policy must allow images from for MAP_TILE_URL ({s} subdomains as a wildcard). */
/**
 * Whether /dev/mailbox is served. It shows every sign-in code the server sends, so only where no one else could
 * use them: in development, or for the embedded demo database (no DATABASE_URL) listening on this machine alone.
 */
export function devMailboxServed(env: Env): boolean {
  if (!env.DEV_MAILBOX) return false;
  if (env.NODE_ENV !== "production") return true;
  return !env.DATABASE_URL && ["127.0.0.1", "localhost", "::1"].includes(env.HOST);
}

export function mapTileOrigin(tileUrl: string): string | undefined {
  return /^(https?:\/\/[^/]+)/.exec(tileUrl.replace("{s}", "*"))?.[1];
}
