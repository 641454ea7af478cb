// SPDX-License-Identifier: GPL-2.0
/*
 * seqlock: read-mostly without readers taking anything.  A writer bumps a
 * sequence count around its update (under a spinlock, against other
 * writers); a reader reads optimistically and retries if the count says a
 * write overlapped.  The update here keeps two fields equal, so a reader
 * that saw them differ would have read a torn update: there must be none.
 */
#include <linux/seqlock.h>

#include "synclab.h"

#define SEQ_RETRIES	2	/* sc_stat slots after reads and writes */
#define SEQ_TORN	3

struct seqlock_counter {
	seqlock_t lock;
	unsigned long a, b;		/* always equal outside a write */
};

static int seqlock_setup(struct synclab_run *run)
{
	struct seqlock_counter *s = run->priv;

	seqlock_init(&s->lock);
	return 0;
}

static void seqlock_op(struct synclab_run *run, struct synclab_thread *t)
{
	struct seqlock_counter *s = run->priv;
	unsigned long a, b;
	unsigned int seq;

	if (!synclab_read_turn(run, t)) {
		write_seqlock(&s->lock);
		s->a++;
		s->b++;
		write_sequnlock(&s->lock);
		t->sc_stat[SYNCLAB_STAT_WRITES]++;
		return;
	}
	for (;;) {
		seq = read_seqbegin(&s->lock);
		a = s->a;
		b = s->b;
		if (!read_seqretry(&s->lock, seq))
			break;
		t->sc_stat[SEQ_RETRIES]++;
	}
	t->sc_stat[SYNCLAB_STAT_READS]++;
	t->sc_stat[SEQ_TORN] += a != b;
}

static bool seqlock_check(struct synclab_run *run, struct synclab_result *res)
{
	struct seqlock_counter *s = run->priv;
	u64 torn = synclab_sum_stat(run, SEQ_TORN);

	synclab_check_reads_writes(run, res);
	res->actual = s->a;
	synclab_add_extra(res, "retries", synclab_sum_stat(run, SEQ_RETRIES));
	synclab_add_extra(res, "torn", torn);
	return !torn && s->a == s->b;
}

const struct synclab_scenario synclab_seqlock = {
	.name		= "seqlock",
	.description	= "read-mostly: readers take nothing and retry if a write overlapped",
	.params		= SYNCLAB_PB(THREADS) | SYNCLAB_PB(ITERS) | SYNCLAB_PB(READ_PCT) |
			  SYNCLAB_PB(CPU),
	.defaults	= {
		[SYNCLAB_P_READ_PCT]	= 90,
	},
	.priv_size	= sizeof(struct seqlock_counter),
	.setup		= seqlock_setup,
	.increment	= seqlock_op,
	.check		= seqlock_check,
};
