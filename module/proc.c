// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/synclab: the files of docs/proc-interface.md.  Every read goes
 * through seq_file; the content comes from core.c, under its state lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "synclab.h"

static struct proc_dir_entry *synclab_dir;

#define SYNCLAB_SHOW(name)						\
static int synclab_proc_##name(struct seq_file *m, void *v)		\
{									\
	synclab_show_##name(m);						\
	return 0;							\
}

SYNCLAB_SHOW(scenarios)
SYNCLAB_SHOW(status)
SYNCLAB_SHOW(last)
SYNCLAB_SHOW(results)
SYNCLAB_SHOW(trace)
SYNCLAB_SHOW(error)

static ssize_t synclab_control_write(struct file *file, const char __user *ubuf,
				     size_t len, loff_t *ppos)
{
	char buf[SYNCLAB_CMD_MAX];
	int ret;

	/* The file is 0200, but a run can occupy every CPU: ask for more than write access. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len > sizeof(buf))
		return synclab_refuse_length(len);
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	ret = synclab_execute(buf, len);
	return ret ? ret : len;
}

static const struct proc_ops synclab_control_ops = {
	.proc_write	= synclab_control_write,
	.proc_lseek	= noop_llseek,
};

int synclab_proc_init(void)
{
	synclab_dir = proc_mkdir("synclab", NULL);
	if (!synclab_dir)
		return -ENOMEM;
	if (!proc_create_single("scenarios", 0444, synclab_dir, synclab_proc_scenarios) ||
	    !proc_create_single("status", 0444, synclab_dir, synclab_proc_status) ||
	    !proc_create_single("last", 0444, synclab_dir, synclab_proc_last) ||
	    !proc_create_single("results", 0444, synclab_dir, synclab_proc_results) ||
	    !proc_create_single("trace", 0444, synclab_dir, synclab_proc_trace) ||
	    !proc_create_single("error", 0444, synclab_dir, synclab_proc_error) ||
	    !proc_create("control", 0200, synclab_dir, &synclab_control_ops))
		goto err_remove;
	return 0;

err_remove:
	proc_remove(synclab_dir);
	return -ENOMEM;
}

void synclab_proc_exit(void)
{
	/* Waits for readers and for a writer still inside a run. */
	proc_remove(synclab_dir);
}
