import { BadRequestException, Controller, Get, HttpCode, Param, Post, Req, UnsupportedMediaTypeException, PayloadTooLargeException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  badgeNumberSchema,
  blockBadgeSchema,
  cardholderImportQuerySchema,
  cardholdersQuerySchema,
  type BadgeDetailDto,
  type CardholderDto,
  type CardholderImportReport,
} from '@wachtpost/contracts';
import type { Request } from 'express';
import type { z } from 'zod';
import { ZodBody, ZodPipe, ZodQuery, jsonSchema } from '../../common/zod';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators';
import { BadgesService } from './badges.service';
import { CardholdersService } from './cardholders.service';

const MAX_CSV_BYTES = 10 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];
const BadgeParam = () => Param('badge', new ZodPipe(badgeNumberSchema));

/** The raw request body: Nest parses only JSON and forms, so a CSV upload is still unread here. */
async function readCsvBody(req: Request): Promise<Buffer> {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
  if (!type || !CSV_TYPES.includes(type)) throw new UnsupportedMediaTypeException(`send the file as text/csv (got ${type || 'no content type'})`);
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new BadRequestException(`encoding: the file must be UTF-8, not ${charset}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) throw new PayloadTooLargeException(`the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1')
export class CardholdersController {
  constructor(
    private readonly cardholders: CardholdersService,
    private readonly badges: BadgesService,
  ) {}

  @Get('cardholders')
  @Roles('facilities', 'admin')
  @ApiOperation({ summary: 'Cardholders with their badges (?siteId=&organisation=&q=&limit=)' })
  list(@ZodQuery(cardholdersQuerySchema) q: z.output<typeof cardholdersQuerySchema>): Promise<CardholderDto[]> {
    return this.cardholders.list(q);
  }

  @Post('cardholders/import')
  @HttpCode(200)
  @Roles('facilities', 'admin')
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Import the HR export (CSV, UTF-8; ?siteId=&dryRun=): all or nothing; 400 with every refused line and why' })
  async import(@ZodQuery(cardholderImportQuerySchema) q: z.output<typeof cardholderImportQuerySchema>, @Req() req: Request, @CurrentUser() user: AuthUser): Promise<CardholderImportReport> {
    return this.cardholders.import(q.siteId, await readCsvBody(req), q.dryRun, user);
  }

  @Get('badges/:badge')
  @Roles('facilities', 'admin')
  @ApiOperation({ summary: 'A badge: state, holder, and per door whether the last block/unblock is confirmed' })
  badge(@BadgeParam() badge: string): Promise<BadgeDetailDto> {
    return this.badges.detail(badge);
  }

  @Post('badges/:badge/block')
  @HttpCode(200)
  @Roles('facilities', 'admin')
  @ApiBody({ schema: jsonSchema(blockBadgeSchema) })
  @ApiOperation({ summary: 'Block a badge {reason, note?}: badges.block to every door controller of the site, retried until each acks' })
  block(@BadgeParam() badge: string, @ZodBody(blockBadgeSchema) body: z.output<typeof blockBadgeSchema>, @CurrentUser() user: AuthUser): Promise<BadgeDetailDto> {
    return this.badges.block(badge, body.reason, body.note, user);
  }

  @Post('badges/:badge/unblock')
  @HttpCode(200)
  @Roles('facilities', 'admin')
  @ApiOperation({ summary: 'Unblock a badge: badges.unblock to every door controller of the site' })
  unblock(@BadgeParam() badge: string, @CurrentUser() user: AuthUser): Promise<BadgeDetailDto> {
    return this.badges.unblock(badge, user);
  }
}
