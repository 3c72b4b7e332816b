import { Module } from '@nestjs/common';
import type { DispatchChannel } from '@wachtpost/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SitesModule } from '../sites/sites.module';
import { AlertViewsService } from './alert-views.service';
import { AlertsService } from './alerts.service';
import { CHANNELS, type Channel } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { InAppChannel } from './channels/inapp.channel';
import { PushChannel } from './channels/push.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryWorker } from './delivery.worker';
import { DispatchController } from './dispatch.controller';
import { DispatchQueues } from './dispatch-queues';

@Module({
  imports: [AccessModule, AuthModule, IncidentsModule, RealtimeModule, SitesModule],
  controllers: [DispatchController],
  providers: [
    AlertsService,
    AlertViewsService,
    DispatchQueues,
    DeliveryWorker,
    InAppChannel,
    EmailChannel,
    PushChannel,
    {
      provide: CHANNELS,
      inject: [InAppChannel, EmailChannel, PushChannel, APP_CONFIG],
      useFactory: (inapp: InAppChannel, email: EmailChannel, push: PushChannel, config: AppConfig) =>
        new Map<DispatchChannel, Channel>([
          ['inapp', inapp],
          ['push', push],
          ['email', email],
          ['sms', new WebhookChannel('sms', config)],
          ['voice', new WebhookChannel('voice', config)],
        ]),
    },
  ],
  exports: [AlertsService],
})
export class DispatchModule {}
