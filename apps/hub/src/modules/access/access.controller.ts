import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { accessLogExportQuerySchema, accessLogQuerySchema, auditQuerySchema, type AccessLogPageDto, type AuditEntryDto } from '@wachtpost/contracts';
import type { Response } from 'express';
import { once } from 'node:events';
import type { z } from 'zod';
import { ZodQuery } from '../../common/zod';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { AccessLogService } from './access-log.service';
import { AuditService } from '../audit/audit.service';

/** The access log is personal data: facilities and admin only; every read is audited. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1')
export class AccessController {
  constructor(
    private readonly log: AccessLogService,
    private readonly audit: AuditService,
  ) {}

  @Get('access-log')
  @Roles('facilities', 'admin')
  @ApiOperation({
    summary: 'Access log, newest first (?doorId=&cardholderId=&badge=&organisation=&result=&reason=&from=&to=&cursor=&limit=&purpose=); names pseudonymised without a purpose; audited',
  })
  search(@ZodQuery(accessLogQuerySchema) q: z.output<typeof accessLogQuerySchema>, @CurrentUser() user: AuthUser): Promise<AccessLogPageDto> {
    return this.log.search(q, user);
  }

  @Get('access-log/export.csv')
  @Roles('facilities', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The access log as CSV, streamed, same filters (+ lang=nl|en); audited with the number of rows' })
  async export(@ZodQuery(accessLogExportQuerySchema) q: z.output<typeof accessLogExportQuerySchema>, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { lang, ...filter } = q;
    const { lines, finish } = await this.log.startExport(filter, lang, user);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="access-log-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    let rows = -1; // the header line is not a row
    try {
      for await (const line of lines) {
        if (res.destroyed) break;
        rows++;
        if (!res.write(line)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end();
    } catch (err) {
      res.destroy(err as Error);
    } finally {
      await finish(Math.max(rows, 0));
    }
  }

  @Get('audit')
  @Roles('admin')
  @ApiOperation({ summary: 'Who searched, viewed or exported the access log, newest first (?from=&to=&limit=)' })
  auditLog(@ZodQuery(auditQuerySchema) q: z.output<typeof auditQuerySchema>): Promise<AuditEntryDto[]> {
    return this.audit.list(q);
  }
}
