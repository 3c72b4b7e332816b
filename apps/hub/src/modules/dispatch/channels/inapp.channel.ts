import { Injectable } from '@nestjs/common';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import type { Channel, OutgoingMessage } from './channel';

/** socket.io to the responder page of this person, if it is open. */
@Injectable()
export class InAppChannel implements Channel {
  readonly name = 'inapp' as const;
  constructor(private readonly realtime: RealtimeGateway) {}

  unavailable(): string | null {
    return null;
  }

  async send(message: OutgoingMessage): Promise<void> {
    this.realtime.toUser(message.recipient.userId, await message.view());
  }
}
