import { useState } from 'preact/hooks';
import { avatarPath, getMyAvatarId } from './api';
import { DropZone } from './DropZone';
import { useImage } from './useImage';
import { useLoad } from '../shared/load';

/** The signed-in user's avatar, replaced by uploading a new image. */
export function AvatarSection({ userId }: { userId: string }) {
  const [version, setVersion] = useState(0);
  const avatar = useLoad((signal) => getMyAvatarId(signal), [version]);

  return (
    <section class="avatar-section" aria-labelledby="avatar-heading" data-testid="avatar-section">
      <h2 id="avatar-heading" class="section-heading">
        Avatar
      </h2>
      {avatar.data ? <AvatarImage key={avatar.data} userId={userId} /> : avatar.busy ? null : <p class="muted">No avatar yet.</p>}
      <DropZone
        target={{ purpose: 'avatar' }}
        accept={['.png', '.jpg', '.jpeg', '.gif', '.webp']}
        maxBytes={5 * 1024 * 1024}
        multiple={false}
        label="Choose a new avatar"
        hint="A PNG, JPEG, GIF or WebP image up to 5 MB. Location data in photos is removed."
        onUploaded={() => setVersion((n) => n + 1)}
      />
    </section>
  );
}

/** Only mounted once the avatar is known to exist; keyed by its file id, so a new avatar loads afresh. */
function AvatarImage({ userId }: { userId: string }) {
  const url = useImage(avatarPath(userId));
  return url ? <img class="avatar-large" src={url} alt="Your avatar" data-testid="avatar-image" /> : null;
}
