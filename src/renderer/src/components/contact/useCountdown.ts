import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** Whole seconds until `deadline` (epoch ms), ticking once a second; 0 without one or once it passed. */
export function useCountdown(deadline: Ref<number | null>): Ref<number> {
  const secondsLeft = ref(0)
  let timer: ReturnType<typeof setInterval> | undefined

  const stop = () => {
    clearInterval(timer)
    timer = undefined
  }
  const tick = () => {
    const at = deadline.value
    secondsLeft.value = at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000))
    if (secondsLeft.value === 0) stop()
  }

  watch(
    deadline,
    () => {
      stop()
      tick()
      if (secondsLeft.value > 0) timer = setInterval(tick, 1000)
    },
    { immediate: true }
  )
  onBeforeUnmount(stop)
  return secondsLeft
}
