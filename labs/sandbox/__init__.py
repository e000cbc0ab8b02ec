"""The live sandbox: a learner's simulated cluster on a page, driven over a WebSocket.

ownership.py   who may open a sandbox; guests' sandboxes; claiming them at login
live.py        the clusters in memory (registry), commands, play in slices, keyframes
scheduler.py   the per-process asyncio scheduler and the batched saver
actions.py     what a learner can do (the message protocol), shared by socket and forms
board.py       the cluster view's data; timeline.py the swimlanes and events;
diagram.py     the routing diagram's DOT and statuses; fragments.py the pushed HTML
"""
