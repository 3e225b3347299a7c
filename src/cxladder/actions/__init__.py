"""Act on what the ladder shows: cases, gestures, profiles, next best gesture, trust.

Start from `cxladder.actions.desk.ActionDesk`, the facade sub-object (`cx.actions`). This
package root re-exports nothing, so `store.actions_repo` can import `actions.records` freely.
"""
