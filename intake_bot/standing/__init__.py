"""Each roster entry's standing: its submissions folded in order, what staff decided, what still waits for
a person, what this year's material says about next year's plan; and what one run carries from stage to
stage (the context)."""
