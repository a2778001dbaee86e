# A Python program for checkpoint tests: a thread appends to a list, the main thread prints
# "py N LEN" every 100 ms.
import threading
import time

items = []


def grow():
    while True:
        items.append(len(items))
        time.sleep(0.01)


threading.Thread(target=grow, daemon=True).start()
tick = 0
while True:
    tick += 1
    print("py", tick, len(items), flush=True)
    time.sleep(0.1)
