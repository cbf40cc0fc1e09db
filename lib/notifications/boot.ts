import { startNotifier, stopNotifier } from './dispatcher';
import { startOutageWatch, stopOutageWatch } from './outages';
import { provisionFromConfig } from './provision';

export function startNotifications(): void {
  provisionFromConfig();
  startNotifier();
  startOutageWatch();
}

export function stopNotifications(): void {
  stopOutageWatch();
  stopNotifier();
}
