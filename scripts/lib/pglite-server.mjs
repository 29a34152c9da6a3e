// Embedded PostgreSQL for `npm start` when DATABASE_URL is not set: PGlite (Postgres in WASM) with the
// pgvector extension, served over the Postgres wire protocol so the apps use the same pg/TypeORM path.
// PGlite is a single session: queries from all connections are serialised (see ../shared/STACK.md).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Opens (or creates) the PGlite database in `dataDir` and serves it on 127.0.0.1:`port`.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startPgliteServer({ dataDir, port = 5433, maxConnections = 20 }) {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    if (err && err.code === 'EADDRINUSE') {
      throw new Error(`port ${port} is in use, so the embedded PGlite database cannot listen there. Stop what uses it, set PGLITE_PORT to a free port, or set DATABASE_URL to your own Postgres.`);
    }
    throw err;
  }
  let closed = false;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
