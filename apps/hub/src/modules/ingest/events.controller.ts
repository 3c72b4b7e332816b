import { Controller, ForbiddenException, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { eventsQuerySchema, quarantineQuerySchema, type QuarantineDto, type StoredEventDto } from '@wachtpost/contracts';
import type { z } from 'zod';
import { ZodQuery } from '../../common/zod';
import { CurrentUser, incidentScope, Roles, type AuthUser } from '../auth/auth.decorators';
import { IngestQueries } from './ingest.queries';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1')
export class EventsController {
  constructor(private readonly queries: IngestQueries) {}

  @Get('events')
  @Roles('guard', 'facilities', 'manager', 'admin')
  @ApiOperation({ summary: 'Stored device events, newest first (?deviceId=&from=&to=&limit=, limit ≤ 5000)' })
  events(@ZodQuery(eventsQuerySchema) q: z.output<typeof eventsQuerySchema>, @CurrentUser() user: AuthUser): Promise<StoredEventDto[]> {
    // Raw events carry every organisation's presses and badges: not for a team lead.
    const scope = incidentScope(user);
    if (scope.kind === 'organisation') throw new ForbiddenException(`device events are for the control room and the coordinator, not for a team lead of ${scope.organisationId}`);
    return this.queries.events(q);
  }

  @Get('quarantine')
  @Roles('guard', 'facilities', 'admin')
  @ApiOperation({ summary: 'Rejected device messages, newest first' })
  quarantine(@ZodQuery(quarantineQuerySchema) q: z.output<typeof quarantineQuerySchema>): Promise<QuarantineDto[]> {
    return this.queries.quarantine(q.limit);
  }
}
