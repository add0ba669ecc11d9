# sysfs as 5.10 and 6.1 lay it out (tests/fixtures/sysfs/kernel-*): a tcp
# controller and a persistent discovery controller, with the attributes each
# kernel has. list, the already-connected match, the reuse of the discovery
# controller and connect-all's scan must work on both.
for kernel in 5.10 6.1; do
	rm -rf "${ROOT:?}"/*
	use_sysfs kernel-$kernel
	fake_kernel_ready
	host_identity
	if [ $kernel = 5.10 ]; then
		echo "transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,host_traddr=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d" >"$ROOT/fake/unlisted-template"
	else
		echo "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s" >"$ROOT/fake/template"
	fi
	serve_log tcp 192.0.2.10_8009
	echo 192.0.2.10_8009.bin >"$ROOT/sys/class/nvme/nvme1/fake_log"
	note "Linux $kernel"
	nvmf list
	nvmf_json list -o json
	nvmf connect -t tcp -n nvmet-test -a 192.0.2.10
	note "the persistent discovery controller is used, not another one made"
	nvmf discover -t tcp -a 192.0.2.10 -o json >/dev/null
	nvmf connect-all -t tcp -a 192.0.2.10
	show "$ROOT/fake/create.log"
	nvmf disconnect -d /dev/nvme0n1
	nvmf list
done
