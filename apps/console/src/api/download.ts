/** Files the hub sends (CSV, PDF) saved through the browser's download, since there is no cookie auth. */

/** The file name the hub suggests in Content-Disposition, or a fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

/** Hands a fetched file to the browser as a download through a temporary object URL. */
export function saveFile(file: { blob: Blob; disposition: string | null }, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFrom(file.disposition, fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
