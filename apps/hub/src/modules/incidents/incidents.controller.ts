import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  bulkResolveIncidentsSchema,
  incidentNoteSchema,
  type BulkResolveIncidentsResponse,
  incidentsQuerySchema,
  resolveIncidentSchema,
  type IncidentDetailDto,
  type IncidentDto,
} from '@wachtpost/contracts';
import type { z } from 'zod';
import { UuidParam } from '../../common/uuid';
import { ZodBody, ZodQuery, jsonSchema } from '../../common/zod';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Roles('guard', 'manager', 'admin')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({ summary: 'Incidents, newest first (?status=&kind=&limit=): guards see live and recent ones, a manager their organisation’s' })
  list(@ZodQuery(incidentsQuerySchema) q: z.output<typeof incidentsQuerySchema>, @CurrentUser() user: AuthUser): Promise<IncidentDto[]> {
    return this.incidents.list(user, q);
  }

  @Post('bulk-resolve')
  @HttpCode(200)
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'Resolve many incidents with one outcome and note (a flood of technical alerts)' })
  @ApiBody({ schema: jsonSchema(bulkResolveIncidentsSchema) })
  bulkResolve(
    @ZodBody(bulkResolveIncidentsSchema) body: z.output<typeof bulkResolveIncidentsSchema>,
    @CurrentUser() user: AuthUser,
  ): Promise<BulkResolveIncidentsResponse> {
    return this.incidents.bulkResolve(body.ids, user.username, body.outcome, body.note);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident with its timeline' })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<IncidentDetailDto> {
    return this.incidents.get(id, user);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'Acknowledge; an alarm button gets alarm.acknowledged (help is on the way)' })
  acknowledge(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<IncidentDto> {
    return this.incidents.acknowledge(id, user.username);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('guard', 'admin')
  @ApiOperation({ summary: 'Resolve with an outcome and a note; an alarm button gets alarm.cleared' })
  @ApiBody({ schema: jsonSchema(resolveIncidentSchema) })
  resolve(
    @UuidParam('id') id: string,
    @ZodBody(resolveIncidentSchema) body: z.output<typeof resolveIncidentSchema>,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentDto> {
    return this.incidents.resolve(id, user.username, body.outcome, body.note);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note to the timeline' })
  @ApiBody({ schema: jsonSchema(incidentNoteSchema) })
  note(
    @UuidParam('id') id: string,
    @ZodBody(incidentNoteSchema) body: z.output<typeof incidentNoteSchema>,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentDto> {
    return this.incidents.addNote(id, user, body.text);
  }
}
