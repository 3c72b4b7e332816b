import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';

/** Operational endpoints, open like a load balancer's probe and a Prometheus scrape expect. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('api/health')
  @ApiOperation({ summary: "Each dependency's state; 503 when one is down" })
  async get(@Res() res: Response): Promise<void> {
    const health = await this.health.check();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
