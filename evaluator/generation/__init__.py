"""From a task to a model reply and back: the bundle, the prompt, model specs, the page."""
