"""review: queues, batches and decisions."""
