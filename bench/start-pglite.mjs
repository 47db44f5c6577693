// The reference of `npm run bench -- start`: PGlite alone, opening the same kind of data
// directory and answering /healthz with `select 1` — the floor an embedded start cannot go under.
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.env.DATA_DIR ?? './.data-ref');
await db.query('select 1');
createServer((_req, res) => {
  db.query('select 1').then(
    () => res.end('ok'),
    () => {
      res.statusCode = 503;
      res.end();
    },
  );
}).listen(Number(process.env.PORT), '127.0.0.1');
