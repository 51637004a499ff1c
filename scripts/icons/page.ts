/** The page's copy of the icon: the tile without the macOS margin, so it fills the space the sidebar gives it. */
export function pageIcon(svg: string): string {
  return svg.replace('viewBox="0 0 1024 1024"', 'viewBox="100 100 824 824"')
}
