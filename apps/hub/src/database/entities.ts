import { AccessLogEntity } from '../modules/access/access-log.entity';
import { AccessSettingsEntity } from '../modules/access/access-settings.entity';
import { AuditLogEntity } from '../modules/audit/audit-log.entity';
import { BadgeActionEntity } from '../modules/access/badge-action.entity';
import { BadgeEntity } from '../modules/access/badge.entity';
import { CardholderEntity } from '../modules/access/cardholder.entity';
import { EvacuationPersonEntity } from '../modules/access/evacuation-person.entity';
import { EvacuationEntity } from '../modules/access/evacuation.entity';
import { PresenceEntity } from '../modules/access/presence.entity';
import { DeviceCommandEntity } from '../modules/commands/device-command.entity';
import { DeviceEntity } from '../modules/devices/device.entity';
import { IncidentEventEntity } from '../modules/incidents/incident-event.entity';
import { IncidentEntity } from '../modules/incidents/incident.entity';
import { DeviceEventEntity } from '../modules/ingest/device-event.entity';
import { QuarantineEntity } from '../modules/ingest/quarantine.entity';
import { UserEntity } from '../modules/auth/user.entity';
import { AlertDeliveryEntity } from '../modules/dispatch/alert-delivery.entity';
import { AlertLogEntity } from '../modules/dispatch/alert-log.entity';
import { AlertRecipientEntity } from '../modules/dispatch/alert-recipient.entity';
import { AlertEntity } from '../modules/dispatch/alert.entity';
import { PushSubscriptionEntity } from '../modules/dispatch/push-subscription.entity';
import { ResponderEntity } from '../modules/dispatch/responder.entity';
import { ScenarioEntity } from '../modules/dispatch/scenario.entity';
import { SettingEntity } from './setting.entity';
import { FloorEntity } from '../modules/sites/floor.entity';
import { OrganisationEntity } from '../modules/sites/organisation.entity';
import { RoomEntity } from '../modules/sites/room.entity';
import { SiteEntity } from '../modules/sites/site.entity';
import { FollowUpEntity } from '../modules/evaluation/follow-up.entity';

/** Every entity of the hub: the TypeORM module, the CLI data source and migrations use this list. */
export const entities = [
  SiteEntity,
  OrganisationEntity,
  FloorEntity,
  RoomEntity,
  DeviceEntity,
  DeviceEventEntity,
  QuarantineEntity,
  IncidentEntity,
  IncidentEventEntity,
  DeviceCommandEntity,
  UserEntity,
  ResponderEntity,
  PushSubscriptionEntity,
  ScenarioEntity,
  AlertEntity,
  AlertRecipientEntity,
  AlertDeliveryEntity,
  AlertLogEntity,
  SettingEntity,
  CardholderEntity,
  BadgeEntity,
  BadgeActionEntity,
  AccessLogEntity,
  PresenceEntity,
  AccessSettingsEntity,
  AuditLogEntity,
  EvacuationEntity,
  EvacuationPersonEntity,
  FollowUpEntity,
];
