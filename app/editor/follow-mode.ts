import type { Awareness } from 'y-protocols/awareness';
import { readPresence } from './presence-state.ts';
import type { SessionEditor } from './session-editor.ts';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Observer's "follow candidate": the editor shows the file the candidate has
 * open and keeps their cursor in view. With several candidate tabs, the most
 * recently active one leads. Opening another file by hand stops following.
 */
export class FollowMode {
  following: boolean;
  private readonly awareness: Awareness;
  private readonly editor: SessionEditor;
  private readonly onChange: () => void;
  /** Candidate client ids, most recently active last. */
  private readonly activity: number[] = [];

  constructor(options: {
    awareness: Awareness;
    editor: SessionEditor;
    following: boolean;
    onChange: () => void;
  }) {
    this.awareness = options.awareness;
    this.editor = options.editor;
    this.following = options.following;
    this.onChange = options.onChange;
    this.awareness.on('change', this.onAwareness);
  }

  setFollowing(following: boolean): void {
    if (this.following === following) return;
    this.following = following;
    if (following) this.catchUp();
    this.onChange();
  }

  /** The user opened a file themselves. */
  userNavigated(): void {
    this.setFollowing(false);
  }

  destroy(): void {
    this.awareness.off('change', this.onAwareness);
  }

  private onAwareness = ({ added, updated, removed }: AwarenessChange): void => {
    for (const clientId of [...added, ...updated, ...removed]) {
      const index = this.activity.indexOf(clientId);
      if (index >= 0) this.activity.splice(index, 1);
      if (removed.includes(clientId)) continue;
      if (readPresence(this.awareness.getStates().get(clientId))?.user.role === 'candidate') {
        this.activity.push(clientId);
      }
    }
    if (this.following) this.catchUp();
  };

  /** Shows the leading candidate's file and cursor (also when that file arrives later). */
  catchUp(): void {
    const leader = this.activity.at(-1);
    if (leader === undefined || leader === this.awareness.clientID) return;
    const presence = readPresence(this.awareness.getStates().get(leader));
    if (!presence?.file) return;
    if (presence.file !== this.editor.currentPath) this.editor.open(presence.file);
    if (presence.cursor) this.editor.reveal(presence.cursor);
  }
}
