// Electron wiring only: the API itself is built by createApi from the shared contract.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createApi } from './api'

const api = createApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (channel, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
  // A dropped File's path: the page has no other way to tell main which file to import.
  (file) => webUtils.getPathForFile(file)
)

contextBridge.exposeInMainWorld('api', api)
