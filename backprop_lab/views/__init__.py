"""Views drawn by the browser (anywidget): the kernel sends numbers, the page draws."""
