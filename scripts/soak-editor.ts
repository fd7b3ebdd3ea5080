// The soak's editor (scripts/soak.ts): edits the store copy while the traffic runs.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Edits the store copy: adds, edits, breaks, fixes and deletes articles of its own. */
export class StoreEditor {
  edits = 0;
  private n = 0;
  private readonly live: string[] = [];
  private readonly broken = new Set<string>();
  private readonly seed: string;

  constructor(private readonly dir: string) {
    this.seed = readFileSync(join(dir, '2024', 'rafah-talks.txt'), 'utf8');
  }

  /**
   * One edit: the file it touched, and the title the site feed should now show for it
   * (none when the edit broke or deleted the file).
   */
  step(): { name: string; title?: string } {
    this.edits += 1;
    this.n += 1;
    const action = this.n % 6;
    const live = this.live.length;
    const name = action === 0 || live < 3 ? `soak-${this.n}.txt` : this.live[this.n % live]!;
    const file = join(this.dir, name);
    try {
      if (action === 0 || live < 3) {
        this.live.push(name);
        return { name, title: this.write(file, `Soak article ${this.n}`) };
      }
      if (action === 2) {
        // A typo in the dateline: the last good version stays.
        writeFileSync(file, this.seed.replace('Fri 19 Apr', 'Thu 19 Apr'));
        this.broken.add(name);
        return { name };
      }
      if (action === 5 && live > 6) {
        unlinkSync(file);
        this.live.splice(this.live.indexOf(name), 1);
        this.broken.delete(name);
        return { name };
      }
      this.broken.delete(name);
      return { name, title: this.write(file, `Edited ${this.n}`) };
    } catch {
      // An edit racing the next one: the store must cope, not the editor.
      return { name };
    }
  }

  private write(file: string, title: string): string {
    const lines = this.seed.split('\n');
    const titleLine = lines.findIndex((line, i) => i > 2 && line.trim() !== '');
    lines[titleLine] = title;
    writeFileSync(file, lines.join('\n'));
    return title;
  }
}
