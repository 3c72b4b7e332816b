import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SiteDto } from '@wachtpost/contracts';
import { SitesService } from './sites.service';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/v1/sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get()
  @ApiOperation({ summary: 'Sites with organisations, floors and rooms' })
  list(): Promise<SiteDto[]> {
    return this.sites.list();
  }

  @Get(':siteId/floors/:floorId/plan.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: "A floor's SVG plan" })
  plan(@Param('siteId') siteId: string, @Param('floorId') floorId: string): Promise<string> {
    return this.sites.planSvg(siteId, floorId);
  }
}
