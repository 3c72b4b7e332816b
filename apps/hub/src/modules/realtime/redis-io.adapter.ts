/** socket.io over Redis pub/sub, so a second hub instance reaches the consoles of the first. */
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  private key = 'socket.io';

  connectRedis(url: string, key: string): void {
    this.key = key;
    this.pub = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.sub = this.pub.duplicate();
    // Errors are reported by /api/health; keep them from crashing the process.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.pub && this.sub) server.adapter(createAdapter(this.pub, this.sub, { key: this.key }));
    return server;
  }

  disconnectRedis(): void {
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
