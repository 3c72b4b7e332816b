import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeviceDto } from '@wachtpost/contracts';
import { Roles } from '../auth/auth.decorators';
import { DevicesService } from './devices.service';

@ApiTags('devices')
@ApiBearerAuth()
@Roles('guard', 'facilities', 'manager', 'admin')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @ApiOperation({ summary: 'Registered devices with their live status (online, lastSeen, battery)' })
  list(): Promise<DeviceDto[]> {
    return this.devices.list();
  }
}
