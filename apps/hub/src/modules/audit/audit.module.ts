import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit log: who looked at or exported personal data, and what the retention job deleted. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
