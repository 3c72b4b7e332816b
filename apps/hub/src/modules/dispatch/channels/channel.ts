/** One way of reaching a responder. Each is a small adapter; a failing one never delays the others. */
import type { DeliveryKind, DispatchChannel, ResponderViewDto } from '@wachtpost/contracts';

/** How a responder can be reached. */
export interface Contact {
  userId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  /** Web Push subscriptions of this person's browsers. */
  pushSubscriptions: number;
}

export interface OutgoingMessage {
  deliveryId: string;
  alertId: string;
  kind: DeliveryKind;
  drill: boolean;
  subject: string;
  text: string;
  /** Signed link to the responder page for this person and this alert. */
  link: string;
  recipient: Contact;
  /** What the responder page shows; the in-app channel pushes it (built only when asked). */
  view: () => Promise<ResponderViewDto>;
}

export interface Channel {
  readonly name: DispatchChannel;
  /** Why the channel cannot reach this person (not configured, no address); null when it can. */
  unavailable(recipient: Contact): string | null;
  send(message: OutgoingMessage): Promise<void>;
}

export const CHANNELS = Symbol('DISPATCH_CHANNELS');
