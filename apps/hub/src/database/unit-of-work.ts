/**
 * A database transaction plus the work that must follow its commit (socket pushes, enqueueing
 * outbox rows). Facts and their consequences are written together; side effects run only after
 * the commit succeeded, so a crash in between loses nothing that matters.
 */
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

type Hook = () => unknown;

export class UnitOfWork {
  private readonly hooks = new Map<string, Hook>();
  constructor(readonly manager: EntityManager) {}

  /** Registers work for after the commit; a second hook with the same key replaces the first. */
  afterCommit(key: string, hook: Hook): void {
    this.hooks.set(key, hook);
  }

  /** @internal */
  async runHooks(logger: Logger): Promise<void> {
    for (const [key, hook] of this.hooks) {
      try {
        await hook();
      } catch (err) {
        logger.error(`after-commit work ${key} failed: ${(err as Error).message}`);
      }
    }
  }
}

const logger = new Logger('UnitOfWork');

export async function inTransaction<T>(dataSource: DataSource, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  let uow: UnitOfWork | undefined;
  const result = await dataSource.transaction(async (manager) => {
    uow = new UnitOfWork(manager);
    return work(uow);
  });
  await uow?.runHooks(logger);
  return result;
}

/**
 * Rows of a raw query. TypeORM's Postgres driver returns `[rows, count]` for UPDATE and
 * DELETE … RETURNING but plain rows for SELECT and INSERT; this takes either.
 */
export async function queryRows<T>(manager: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
