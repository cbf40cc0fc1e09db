/** The client's address as the Next server saw it (it sets x-forwarded-for on every request). */
export function clientAddress(request: Request): string {
  const xff = request.headers.get('x-forwarded-for');
  const first = xff?.split(',')[0]?.trim();
  return first || request.headers.get('x-real-ip') || 'unknown';
}
