/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/list.h: what the tool uses */
#ifndef _KHO_SHIM_LINUX_LIST_H
#define _KHO_SHIM_LINUX_LIST_H

#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member)	\
	((type *)((char *)(ptr) - offsetof(type, member)))

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	new->prev = head->prev;
	new->next = head;
	head->prev->next = new;
	head->prev = new;
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)

#define list_for_each_entry(pos, head, member)				\
	for (pos = list_entry((head)->next, __typeof__(*(pos)), member);	\
	     &(pos)->member != (head);					\
	     pos = list_entry((pos)->member.next, __typeof__(*(pos)), member))

#endif
