export * from './storage.js';
export { createLocalStorage, listLocalStorageKeys, STORAGE_TMP_DIR } from './local-storage.js';
