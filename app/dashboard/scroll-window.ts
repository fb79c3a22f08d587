// Which slice of a long list fits on screen: scroll only as far as needed to
// keep the selected row visible, so moving the cursor does not jump the page.
export function scrollWindow(previousStart: number, selected: number, height: number, total: number): number {
  if (height <= 0 || total <= height) return 0;
  let start = Math.min(Math.max(0, previousStart), total - height);
  if (selected < start) start = selected;
  else if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, total - height));
}
