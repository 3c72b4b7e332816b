/** Prometheus metrics of the hub (prom-client), served at /metrics. */
import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly ingestMessages = new Counter({
    name: 'wachtpost_ingest_messages_total',
    help: 'Device messages taken in, by outcome (stored, duplicate, status, ack, own, quarantined)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly quarantined = new Counter({
    name: 'wachtpost_quarantine_total',
    help: 'Device messages quarantined, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'wachtpost_ingest_batch_size',
    help: 'Messages committed per ingest transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048],
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'wachtpost_ingest_commit_seconds',
    help: 'Time to store one ingest batch',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly ingestFailures = new Counter({
    name: 'wachtpost_ingest_batch_failures_total',
    help: 'Ingest transactions that failed and were retried (messages stay unacknowledged)',
    registers: [this.registry],
  });
  readonly incidentsOpened = new Counter({
    name: 'wachtpost_incidents_opened_total',
    help: 'Incidents opened, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'wachtpost_device_commands_total',
    help: 'Device command outcomes (sent, acked, refused, gave_up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'wachtpost_' });
  }
}
