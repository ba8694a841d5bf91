// A stand-in for a person's authenticator app: codes from the secret shown on the set-up page.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

function stepAt(ms: number): number {
  return Math.floor(ms / 1000 / PERIOD_SECONDS);
}

export class Authenticator {
  readonly #secret: Secret;
  #lastStep = -1;

  /** The setup key as the page shows it (groups of four, base32). */
  constructor(setupKey: string) {
    this.#secret = Secret.fromBase32(setupKey.replace(/\s+/g, '').toUpperCase());
  }

  /**
   * A code the service has not seen yet. It refuses a code from a time step it has already
   * accepted, so a second code within 30 seconds comes from the next step, which the service
   * still accepts for clock drift; a third waits for the clock.
   */
  async nextCode(): Promise<string> {
    const now = stepAt(Date.now());
    const step = Math.max(now, this.#lastStep + 1);
    if (step > now + 1) {
      await new Promise((resolve) => setTimeout(resolve, (step - 1) * PERIOD_SECONDS * 1000 - Date.now() + 50));
    }
    this.#lastStep = step;
    return TOTP.generate({ secret: this.#secret, digits: 6, period: PERIOD_SECONDS, algorithm: 'SHA1', timestamp: step * PERIOD_SECONDS * 1000 });
  }
}
