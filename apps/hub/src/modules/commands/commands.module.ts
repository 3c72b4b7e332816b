import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { CommandsService } from './commands.service';

@Module({
  imports: [HealthModule],
  providers: [CommandsService],
  exports: [CommandsService],
})
export class CommandsModule {}
