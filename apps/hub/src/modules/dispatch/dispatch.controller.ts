import { Body, Controller, ForbiddenException, Get, HttpCode, Post, Query, Req, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  alertsQuerySchema,
  respondSchema,
  startAlertSchema,
  type AlertDetailDto,
  type AlertDto,
  type ResponderViewDto,
  type ScenarioDto,
} from '@wachtpost/contracts';
import { z } from 'zod';
import { UuidParam } from '../../common/uuid';
import { ZodBody, ZodPipe, ZodQuery, jsonSchema } from '../../common/zod';
import { incidentScope, CurrentUser, Public, Roles, type AuthUser } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { IncidentsService } from '../incidents/incidents.service';
import { AlertViewsService } from './alert-views.service';
import { AlertsService } from './alerts.service';
import { PushChannel } from './channels/push.channel';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const pushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }),
  keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) }),
});

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1')
export class DispatchController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly views: AlertViewsService,
    private readonly incidents: IncidentsService,
    private readonly auth: AuthService,
    private readonly push: PushChannel,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get('scenarios')
  @Roles('guard', 'manager', 'admin')
  @ApiOperation({ summary: 'Dispatch scenarios with their rounds, channels and quorum' })
  scenarios(): Promise<ScenarioDto[]> {
    return this.alerts.scenarios();
  }

  @Post('alerts')
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'Start a scenario by hand (optionally for an incident, optionally as a drill)' })
  @ApiBody({ schema: jsonSchema(startAlertSchema) })
  async start(@ZodBody(startAlertSchema) body: z.output<typeof startAlertSchema>, @CurrentUser() user: AuthUser): Promise<AlertDto> {
    const origin = body.incidentId ? await this.incidents.get(body.incidentId) : null;
    return this.alerts.start(
      body.scenarioId,
      origin
        ? { siteId: origin.siteId, incidentId: origin.id, incidentType: origin.type, deviceId: origin.deviceId, roomId: origin.roomId, floorId: origin.floorId }
        : {},
      { drill: body.drill, actor: user.username },
    );
  }

  @Get('alerts')
  @Roles('guard', 'manager', 'admin')
  @ApiOperation({ summary: 'Alerts, newest first (?incidentId=&status=)' })
  list(@ZodQuery(alertsQuerySchema) q: z.output<typeof alertsQuerySchema>, @CurrentUser() user: AuthUser): Promise<AlertDto[]> {
    const scope = incidentScope(user);
    return this.views.list(q, scope.kind === 'organisation' ? scope.organisationId : null);
  }

  @Get('alerts/mine')
  @ApiOperation({ summary: "The logged-in responder's alerts of the last day, as their responder views" })
  mine(@CurrentUser() user: AuthUser): Promise<ResponderViewDto[]> {
    return this.views.mine(user.id);
  }

  @Get('alerts/:id')
  @Roles('guard', 'manager', 'admin')
  @ApiOperation({ summary: 'One alert with recipients, deliveries, answers and logbook' })
  async detail(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<AlertDetailDto> {
    const scope = incidentScope(user);
    const alert = await this.views.detail(id);
    if (scope.kind === 'organisation' && alert.organisationId !== scope.organisationId) throw new ForbiddenException(`this alert is not one of ${scope.organisationId}`);
    return alert;
  }

  @Post('alerts/:id/escalate')
  @HttpCode(200)
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'Start the next round now' })
  escalate(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<AlertDto> {
    return this.alerts.advance(id, null, user.username);
  }

  @Post('alerts/:id/all-clear')
  @HttpCode(200)
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'All-clear to everyone who was alerted' })
  allClear(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<AlertDto> {
    return this.alerts.allClear(id, user.username);
  }

  @Public()
  @Get('alerts/:id/responder')
  @ApiQuery({ name: 'token', required: false, description: 'the signed link from the message; or a bearer token' })
  @ApiOperation({ summary: "The responder's view of an alert (bearer token or signed link)" })
  async responderView(@UuidParam('id') id: string, @Query('token') token: string | undefined, @Req() req: { headers: Record<string, string | undefined> }): Promise<ResponderViewDto> {
    return this.views.responderView(id, this.responder(id, token, req.headers.authorization));
  }

  @Public()
  @Post('alerts/:id/responses')
  @HttpCode(200)
  @ApiQuery({ name: 'token', required: false, description: 'the signed link from the message; or a bearer token' })
  @ApiOperation({ summary: 'Answer an alert: coming (with an ETA), cannot, on scene' })
  @ApiBody({ schema: jsonSchema(respondSchema) })
  respond(
    @UuidParam('id') id: string,
    @Body(new ZodPipe(respondSchema)) body: z.output<typeof respondSchema>,
    @Query('token') token: string | undefined,
    @Req() req: { headers: Record<string, string | undefined> },
  ): Promise<ResponderViewDto> {
    const userId = this.responder(id, token, req.headers.authorization);
    return this.alerts.respond(id, userId, body.answer, body.etaMinutes ?? null, token ? 'link' : 'app');
  }

  @Get('push/vapid-public-key')
  @Public()
  @ApiOperation({ summary: 'The Web Push application server key' })
  async vapidKey(): Promise<{ publicKey: string }> {
    return { publicKey: (await this.push.vapidKeys()).publicKey };
  }

  @Public()
  @Post('push-subscriptions')
  @HttpCode(201)
  @ApiQuery({ name: 'alertId', required: false })
  @ApiQuery({ name: 'token', required: false })
  @ApiOperation({ summary: "Register this browser for the responder's Web Push (bearer token or signed link)" })
  async subscribe(
    @Body(new ZodPipe(pushSubscriptionSchema)) body: z.output<typeof pushSubscriptionSchema>,
    @Query('token') token: string | undefined,
    @Query('alertId') alertId: string | undefined,
    @Req() req: { headers: Record<string, string | undefined> },
  ): Promise<{ ok: true }> {
    const userId = this.responder(alertId ?? null, token, req.headers.authorization);
    await this.db.query(
      `INSERT INTO push_subscriptions (user_id, endpoint, keys) VALUES ($1, $2, $3) ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, keys = EXCLUDED.keys`,
      [userId, body.endpoint, JSON.stringify(body.keys)],
    );
    return { ok: true };
  }

  /** The responder behind a request: a signed link for this alert, or a logged-in user. */
  private responder(alertId: string | null, token: string | undefined, authorization: string | undefined): string {
    if (token) {
      const link = this.auth.verifyResponderLink(token);
      if (!link) throw new UnauthorizedException('the link is invalid or has expired');
      if (alertId && link.alertId !== alertId) throw new ForbiddenException('this link is for another alert');
      return link.userId;
    }
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    const user = bearer ? this.auth.verify(bearer) : null;
    if (!user) throw new UnauthorizedException('a bearer token or a signed link is required');
    return user.id;
  }
}

