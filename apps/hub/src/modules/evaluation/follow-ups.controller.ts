import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { followUpPatchSchema, followUpsQuerySchema, registerIncidentSchema, type FollowUpDto, type FollowUpSummaryDto } from '@wachtpost/contracts';
import type { z } from 'zod';
import { UuidParam } from '../../common/uuid';
import { ZodBody, ZodQuery, jsonSchema } from '../../common/zod';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('incident register')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('api/v1')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post('incidents')
  @HttpCode(201)
  @Roles('guard', 'manager', 'admin')
  @ApiOperation({ summary: 'Register an incident that had no alarm (a threat by phone, aggression on a home visit); audited' })
  @ApiBody({ schema: jsonSchema(registerIncidentSchema) })
  register(@ZodBody(registerIncidentSchema) body: z.output<typeof registerIncidentSchema>, @CurrentUser() user: AuthUser): Promise<FollowUpDto> {
    return this.followUps.register(user, body);
  }

  @Get('incidents/:id/follow-up')
  @ApiOperation({ summary: "An incident's follow-up with the names of those involved; every read is audited" })
  get(@UuidParam('id') id: string, @CurrentUser() user: AuthUser): Promise<FollowUpDto> {
    return this.followUps.get(user, id);
  }

  @Patch('incidents/:id/follow-up')
  @ApiOperation({ summary: 'Change any follow-up fields (null clears a section); a building ban blocks the aggressor’s badges; audited' })
  @ApiBody({ schema: jsonSchema(followUpPatchSchema) })
  update(@UuidParam('id') id: string, @ZodBody(followUpPatchSchema) body: z.output<typeof followUpPatchSchema>, @CurrentUser() user: AuthUser): Promise<FollowUpDto> {
    return this.followUps.update(user, id, body);
  }

  @Get('follow-ups')
  @ApiOperation({ summary: 'The incident register without names (?status=&overdue=&organisation=&limit=), newest first' })
  list(@ZodQuery(followUpsQuerySchema) q: z.output<typeof followUpsQuerySchema>, @CurrentUser() user: AuthUser): Promise<FollowUpSummaryDto[]> {
    return this.followUps.list(user, q);
  }
}
