import { useSyncExternalStore } from "react";
import type { AppService, PaneState } from "../../app/model";

export function usePaneState(service: AppService): PaneState {
  return useSyncExternalStore(
    (listener) => service.subscribe(() => listener()),
    () => service.getState(),
  );
}
