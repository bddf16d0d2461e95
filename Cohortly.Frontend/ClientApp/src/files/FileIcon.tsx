/**
 * A document outline drawn inline: the 📄 emoji showed as a missing-glyph box where no colour-emoji font is installed,
 * and the CSP allows no web fonts.
 */
export function FileIcon() {
  return (
    <svg class="file-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d="M6 2.75h8l4.25 4.25v13a1.25 1.25 0 0 1-1.25 1.25H6A1.25 1.25 0 0 1 4.75 20V4A1.25 1.25 0 0 1 6 2.75Z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
      <path d="M13.75 2.75V7.25h4.5M8 12h8M8 15.5h8M8 19h5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
