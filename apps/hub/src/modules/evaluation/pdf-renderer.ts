/** Renders the report's print page to PDF with headless Chromium (CHROMIUM_PATH); one browser per report. */
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { APP_CONFIG, type AppConfig } from '../../config/config';

@Injectable()
export class PdfRenderer {
  /** One Chromium at a time: on a small machine a burst of report clicks must not starve the hub. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  render(html: string, title: string): Promise<Buffer> {
    const run = this.queue.then(() => this.renderNow(html, title));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async renderNow(html: string, title: string): Promise<Buffer> {
    if (!existsSync(this.config.chromiumPath)) {
      throw new ServiceUnavailableException(`the PDF needs Chromium at CHROMIUM_PATH=${this.config.chromiumPath}; the CSV and the print page work without it`);
    }
    const browser = await chromium.launch({
      executablePath: this.config.chromiumPath,
      timeout: 30_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      // The page is self-contained: nothing is fetched, so no request can leave the hub.
      await page.route('**/*', (route) => route.abort());
      page.setDefaultTimeout(30_000);
      await page.setContent(html, { waitUntil: 'load' });
      const footer = `<div style="font-size:8px;width:100%;padding:0 16mm;color:#555;display:flex;justify-content:space-between"><span>${title.replace(/</g, '&lt;')}</span><span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`;
      return await page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } });
    } finally {
      await browser.close();
    }
  }
}
