/** TypeORM options shared by the hub and the CLI (`typeorm migration:generate -d dist/database/data-source.js`). */
import * as path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations: [path.join(__dirname, 'migrations', '*.js')],
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsTransactionMode: 'all',
    extra: { max: 20 },
  };
}

export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wachtpost'),
);
