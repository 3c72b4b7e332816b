import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { evaluationQuerySchema, type EvaluationDto } from '@wachtpost/contracts';
import type { Response } from 'express';
import type { z } from 'zod';
import { ZodQuery } from '../../common/zod';
import { AuditService } from '../audit/audit.service';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { SitesService } from '../sites/sites.service';
import { EvaluationService } from './evaluation.service';
import { PdfRenderer } from './pdf-renderer';
import { CSV_HEADER, reportCsvLine, reportHtml, reportTitle } from './report';
import { csvLine } from '../access/access-log-format';

type Query = z.output<typeof evaluationQuerySchema>;

@ApiTags('evaluation')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('api/v1/evaluation')
export class EvaluationController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly sites: SitesService,
    private readonly pdf: PdfRenderer,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The dashboard's figures for a period (?from=&to= dates, inclusive; &organisation=); drills apart" })
  get(@ZodQuery(evaluationQuerySchema) q: Query, @CurrentUser() user: AuthUser): Promise<EvaluationDto> {
    return this.evaluation.evaluate(user, q);
  }

  @Get('report.html')
  @ApiOperation({ summary: 'The period report as a print page (what the PDF is made from); no names' })
  async html(@ZodQuery(evaluationQuerySchema) q: Query, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { html } = await this.page(q, user);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html);
  }

  @Get('report.pdf')
  @ApiOperation({ summary: 'The period report as PDF, rendered by headless Chromium; no names; audited' })
  async reportPdf(@ZodQuery(evaluationQuerySchema) q: Query, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { html, title, e } = await this.page(q, user);
    const pdf = await this.pdf.render(html, title);
    await this.audit.record({ actor: user.username, action: 'evaluation.report', filter: { format: 'pdf', from: e.period.from, to: e.period.to, organisation: e.organisationId } });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="evaluatie-${e.period.from}-${e.period.to}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }

  @Get('report.csv')
  @ApiOperation({ summary: 'One row per incident of the period, drills marked; no names; audited' })
  async reportCsv(@ZodQuery(evaluationQuerySchema) q: Query, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { scope, rows } = await this.evaluation.reportRows(user, q);
    await this.audit.record({ actor: user.username, action: 'evaluation.report', filter: { format: 'csv', from: q.from, to: q.to, organisation: scope.organisationId }, rowCount: rows.length });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="evaluatie-${q.from}-${q.to}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(csvLine(CSV_HEADER) + rows.map((r) => reportCsvLine(r, scope.timezone)).join(''));
  }

  private async page(q: Query, user: AuthUser): Promise<{ html: string; title: string; e: EvaluationDto }> {
    const e = await this.evaluation.evaluate(user, q);
    const site = await this.sites.list().then((all) => all.find((s) => s.id === e.siteId));
    const org = site?.organisations.find((o) => o.id === e.organisationId);
    const placeName = org ? `${org.name} (${site?.name ?? e.siteId})` : (site?.name ?? e.siteId);
    return { html: reportHtml(e, placeName, new Date()), title: reportTitle(e, placeName), e };
  }
}
