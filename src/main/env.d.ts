// electron-vite's `?modulePath` import (see its node.d.ts): the built file's path. Only index.ts
// uses it, the one file of main only electron-vite ever builds.
declare module '*?modulePath' {
  const path: string
  export default path
}
