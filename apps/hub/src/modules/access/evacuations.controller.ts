import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accountedSchema, evacuationsQuerySchema, presenceQuerySchema, startEvacuationSchema, type EvacuationDto, type PresenceDto } from '@wachtpost/contracts';
import type { z } from 'zod';
import { UuidParam } from '../../common/uuid';
import { ZodBody, ZodQuery, jsonSchema } from '../../common/zod';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { EvacuationsService } from './evacuations.service';
import { PresenceService } from './presence.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1')
export class EvacuationsController {
  constructor(
    private readonly presence: PresenceService,
    private readonly evacuations: EvacuationsService,
  ) {}

  @Get('presence')
  @Roles('guard', 'facilities', 'admin')
  @ApiOperation({ summary: 'Who is on site now, per organisation, with where each was last seen (?siteId=)' })
  get(@ZodQuery(presenceQuerySchema) q: z.output<typeof presenceQuerySchema>): Promise<PresenceDto> {
    return this.presence.get(q.siteId);
  }

  @Post('evacuations')
  @Roles('guard', 'bhv', 'admin')
  @ApiBody({ schema: jsonSchema(startEvacuationSchema) })
  @ApiOperation({ summary: 'Start a roll call {siteId}: everyone present now, per organisation' })
  start(@ZodBody(startEvacuationSchema) body: z.output<typeof startEvacuationSchema>, @CurrentUser() user: AuthUser): Promise<EvacuationDto> {
    return this.evacuations.start(body.siteId, user.username);
  }

  @Get('evacuations')
  @Roles('guard', 'bhv', 'facilities', 'admin')
  @ApiOperation({ summary: 'Roll calls, newest first (?status=active|closed&siteId=&limit=): a phone opened later finds the running one' })
  list(@ZodQuery(evacuationsQuerySchema) q: z.output<typeof evacuationsQuerySchema>): Promise<EvacuationDto[]> {
    return this.evacuations.list(q);
  }

  @Get('evacuations/:id')
  @Roles('guard', 'bhv', 'facilities', 'admin')
  @ApiOperation({ summary: 'A roll call: who is missing, accounted for or badged out' })
  detail(@UuidParam('id') id: string): Promise<EvacuationDto> {
    return this.evacuations.get(id);
  }

  @Post('evacuations/:id/accounted')
  @HttpCode(200)
  @Roles('guard', 'bhv', 'admin')
  @ApiBody({ schema: jsonSchema(accountedSchema) })
  @ApiOperation({ summary: 'Tick someone off as accounted for {cardholderId}' })
  accounted(@UuidParam('id') id: string, @ZodBody(accountedSchema) body: z.output<typeof accountedSchema>, @CurrentUser() user: AuthUser): Promise<EvacuationDto> {
    return this.evacuations.accounted(id, body.cardholderId, user.username);
  }

  @Post('evacuations/:id/close')
  @HttpCode(200)
  @Roles('guard', 'bhv', 'admin')
  @ApiOperation({ summary: 'End the roll call' })
  close(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<EvacuationDto> {
    return this.evacuations.close(id, user.username);
  }
}
