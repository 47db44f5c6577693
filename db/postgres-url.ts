// DATABASE_URL as libpq reads it, for postgres.js: `?host=/var/run/postgresql` names a Unix
// socket directory (psql and pgbench take the same URL). postgres.js reads a socket directory
// only from its `host` option and would send an unknown URL parameter to the server as a session
// setting, so the parameter moves from the URL into the options. On the same machine a Unix
// socket is the cheaper transport: each socket write to PostgreSQL over loopback TCP cost the
// bot more than the statement it carried (docs/core-speed.md).

/** `url` without a socket-directory `host` parameter, and that directory as postgres.js options. */
export function postgresTarget(url: string): { url: string; options: { host?: string } } {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (!host?.startsWith('/')) return { url, options: {} };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), options: { host } };
}
