throw new Error('@teleecho/sdk/server is Node-only: mint embed tokens on your backend, never in the browser.');
